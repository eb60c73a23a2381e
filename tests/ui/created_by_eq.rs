use sailpoint_filters::role_mining_sessions::created_by;

fn main() {
    // `createdBy` is sortable, not filterable.
    let _ = created_by().eq("Ashley.Pierce");
}
