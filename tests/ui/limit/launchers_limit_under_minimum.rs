use sailpoint_filters::catalog::launchers::get_launchers_v1::GetLaunchersV1;
use sailpoint_filters::prelude::*;

fn main() {
    // The launchers endpoint takes a `limit` from 1 to 100.
    let _ = GetLaunchersV1::query().limit::<0>();
}
