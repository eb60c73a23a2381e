use sailpoint_filters::catalog::accounts::list_accounts_v1 as accounts;

fn main() {
    let _ = accounts::created().gt("2024-01-01");
}
