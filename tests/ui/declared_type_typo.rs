pub struct Account {
    created: sailpoint_filters::DateTime,
}

sailpoint_filters::endpoint! {
    pub struct Accounts for Account as "accounts";
    composites: [and, or, not];
    fields: {
        fn created("created"): datetime [gt, lt] sort [] = |a| a.created;
    }
}

fn main() {}
