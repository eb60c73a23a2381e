use sailpoint_filters::role_mining_sessions::created_date;

fn main() {
    let _ = created_date().gt(sailpoint_filters::DateTime::MIN);
}
