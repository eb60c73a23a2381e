use sailpoint_filters::role_mining_sessions::saved;

fn main() {
    let _ = saved().is_in([true, false]);
}
