mod accounts {
    pub struct Account {
        pub id: String,
    }
    sailpoint_filters::endpoint! {
        pub struct Accounts for Account as "accounts";
        composites: [and, or];
        fields: {
            fn id("id"): string [eq, in] = |a| a.id.as_str();
        }
    }
}

fn main() {
    // `in` is a Rust keyword: the method is `is_in`, and `in_` gets a hint to it.
    let _ = accounts::id().in_(["a", "b"]);
}
