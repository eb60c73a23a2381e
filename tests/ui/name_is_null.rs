use sailpoint_filters::role_mining_sessions::name;

fn main() {
    // role-mining-sessions filters `name` with `eq` and `sw` only.
    let _ = name().is_null();
}
