// A declaration may not list an operator its field's type cannot take: the typed builder would
// then build filters the endpoint's own schema rejects.
mod items {
    pub struct Item {
        pub flag: bool,
    }

    sailpoint_filters::endpoint! {
        pub struct Items for Item as "items";
        composites: [and, or, not];
        fields: {
            fn flag("flag"): boolean [eq, sw] = |i| i.flag;
        }
    }
}

fn main() {}
