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
    // `accounts` allows only `and` and `or`.
    let _ = !accounts::id().eq("x");
}

fn method_form() {
    let _ = accounts::id().eq("x").not();
}
