use sailpoint_filters::catalog::accounts::list_accounts_v1::ListAccountsV1;
use sailpoint_filters::prelude::*;

fn main() {
    // The accounts endpoint takes a `limit` from 0 to 250.
    let _ = ListAccountsV1::query().limit::<500>();
}
