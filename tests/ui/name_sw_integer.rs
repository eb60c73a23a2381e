use sailpoint_filters::role_mining_sessions::name;

fn main() {
    // `sw` compares text: the prefix must be a string.
    let _ = name().sw(2024);
}
