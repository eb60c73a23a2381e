use sailpoint_filters::catalog::access_profiles::list_access_profiles_v1 as access_profiles;
use sailpoint_filters::DateTime;

fn main() {
    let since: DateTime = "2024-01-01T00:00:00Z".parse().unwrap();
    let _ = access_profiles::created().lt(since);
}
