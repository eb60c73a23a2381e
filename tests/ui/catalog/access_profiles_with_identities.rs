use sailpoint_filters::catalog::access_profiles::list_access_profiles_v1 as access_profiles;
use sailpoint_filters::catalog::identities::list_identities_v1 as identities;

fn main() {
    let _ = access_profiles::name().eq("x").and(identities::name().eq("y"));
}
