use sailpoint_filters::role_mining_sessions::saved;

mod accounts {
    pub struct Account {
        pub id: String,
    }
    sailpoint_filters::endpoint! {
        pub struct Accounts for Account as "accounts";
        composites: [and, or];
        fields: {
            fn id("id"): string [eq] = |a| a.id.as_str();
        }
    }
}

fn main() {
    // A filter of one endpoint cannot be combined with a filter of another.
    let _ = saved().eq(true).and(accounts::id().eq("x"));
}
