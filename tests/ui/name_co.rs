use sailpoint_filters::role_mining_sessions::name;

fn main() {
    let _ = name().co("x");
}
