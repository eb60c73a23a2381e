pub struct Account {
    name: String,
}

sailpoint_filters::endpoint! {
    pub struct Accounts for Account as "accounts";
    composites: [and, or, not];
    fields: {
        fn name("name"): string [eq, sw] = |a| a.name.clone();
    }
}

fn main() {}
