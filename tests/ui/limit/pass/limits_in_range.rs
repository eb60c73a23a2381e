use sailpoint_filters::catalog::accounts::list_accounts_v1::ListAccountsV1;
use sailpoint_filters::catalog::launchers::get_launchers_v1::GetLaunchersV1;
use sailpoint_filters::prelude::*;

fn main() {
    // The bounds of each endpoint's range build.
    assert_eq!(ListAccountsV1::query().limit::<250>().to_query_string(), "limit=250");
    assert_eq!(ListAccountsV1::query().limit::<0>().to_query_string(), "limit=0");
    assert_eq!(GetLaunchersV1::query().limit::<1>().to_query_string(), "limit=1");
    assert_eq!(GetLaunchersV1::query().limit::<100>().to_query_string(), "limit=100");
}
