mod entitlements {
    pub struct Entitlement {
        pub name: String,
    }
    sailpoint_filters::endpoint! {
        pub struct Entitlements for Entitlement as "entitlements";
        composites: [and];
        fields: {
            fn name("name"): string [eq, sw] = |e| e.name.as_str();
        }
    }
}

use entitlements::name;

fn main() {
    // `entitlements` allows only `and`.
    let _ = name().eq("a").or(name().eq("b"));
}

fn operator_form() {
    let _ = name().eq("a") | name().eq("b");
}
