use sailpoint_filters::catalog::identities::list_identities_v1 as identities;

fn main() {
    let _ = identities::id().desc();
}
