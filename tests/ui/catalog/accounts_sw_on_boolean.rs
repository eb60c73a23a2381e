use sailpoint_filters::catalog::accounts::list_accounts_v1 as accounts;

fn main() {
    let _ = accounts::uncorrelated().sw("x");
}
