//! Deterministic role mining sessions for the benches (and for the tests that check what the
//! benches measure): `generate(n)` always returns the same `n` sessions.
//!
//! The distributions are meant to look like a real tenant's:
//!
//! * names share prefixes: about 60 % start with `RM Session` in some case (`RM Session - 07/10`,
//!   `rm session 07/10`, `RM Sessions backlog`), others only nearly (`RM Sess - draft`,
//!   `Saved RM Session - …`, `RM Séssion …`), some are other words, about 5 % have no name;
//! * about half are saved;
//! * creation dates spread over two and a half years at second (sometimes millisecond)
//!   precision; a few hundred share the latest instant (a batch import), so that sorting by
//!   date has ties where a page begins;
//! * a handful of creators; a few sessions have none.
//!
//! The generator is a SplitMix64 stream: no dependency, the same records on every machine.

#![allow(dead_code)] // each bench and test uses part of it

use sailpoint_filters::DateTime;
use sailpoint_filters::endpoints::role_mining_sessions::{
    CreatedBy, RoleMiningSession, SessionScope, SessionState, SessionStatus, SessionType,
};

/// The record counts the benches run at.
pub const SIZES: [usize; 3] = [10_000, 100_000, 1_000_000];

/// A record count as the benches name it: `10k`, `100k`, `1M`.
pub fn label(n: usize) -> &'static str {
    match n {
        10_000 => "10k",
        100_000 => "100k",
        1_000_000 => "1M",
        _ => unreachable!("sizes are 10k, 100k, 1M"),
    }
}

/// The seed every bench and test uses.
pub const SEED: u64 = 0x5A11_7017_F117_E125;

/// SplitMix64: small, fast, and good enough to spread bench data.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: u64) -> u64 {
        // Multiply-shift: unbiased enough for bench data.
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// True with probability `percent` / 100.
    pub fn percent(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    fn hex(&mut self, digits: usize) -> String {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        (0..digits)
            .map(|_| char::from(HEX[self.below(16) as usize]))
            .collect()
    }
}

const CREATORS: [(&str, &str); 6] = [
    ("2c918090761a5aac0176215c46a62d58", "Ashley.Pierce"),
    ("2c9180907a3d1b6e017a3f6e52f60c11", "integration.bot"),
    ("2c91808a7813090a017814121919ecca", "Brian.Nguyen"),
    ("2c9180835d2e5168015d32f890ca1581", "Carla.Ortiz"),
    ("2c91808c7a9c5b5d017aa2ab8b1a2d44", "david.kim"),
    ("2c9180887b4e1a42017b52e9f7c6063a", "Élodie.Martin"),
];

/// 2023-01-01T00:00:00Z and 2025-06-30T12:00:00Z, in seconds since the epoch.
const FIRST_SECOND: i64 = 1_672_531_200;
const LAST_SECOND: i64 = 1_751_284_800;

fn name(rng: &mut Rng) -> Option<String> {
    let (month, day) = (1 + rng.below(12), 1 + rng.below(28));
    Some(match rng.below(100) {
        0..=29 => format!("RM Session - {month:02}/{day:02}"),
        30..=39 => format!("rm session {month:02}/{day:02}"),
        40..=49 => format!("RM Sessions backlog {}", rng.below(1000)),
        50..=54 => format!("RM SESSION {month:02}{day:02} (copy)"),
        55..=64 => format!("RM Sess - draft {}", rng.below(100)),
        65..=76 => format!("Saved RM Session - {month:02}/{day:02}"),
        77..=78 => format!("RM Séssion {month:02}/{day:02}"),
        79..=86 => format!("Finance roles {}", 2023 + rng.below(3)),
        87..=94 => format!("Engineering entitlements {}", rng.below(50)),
        _ => return None,
    })
}

fn session(rng: &mut Rng) -> RoleMiningSession {
    let created_second = if rng.below(2000) == 0 {
        LAST_SECOND
    } else {
        FIRST_SECOND + rng.below((LAST_SECOND - FIRST_SECOND) as u64) as i64
    };
    let created_nanos = if rng.percent(30) {
        rng.below(1000) as u32 * 1_000_000
    } else {
        0
    };
    let created_date = DateTime::from_unix(created_second, created_nanos).expect("in range");
    let modified_date =
        DateTime::from_unix(created_second + rng.below(7 * 86_400) as i64, 0).expect("in range");
    let created_by = (!rng.percent(3)).then(|| {
        // A few creators make most sessions.
        let (id, display_name) = CREATORS[match rng.below(10) {
            0..=3 => 0,
            4..=6 => 1,
            7 => 2,
            8 => 3,
            _ => 4 + rng.below(2) as usize,
        }];
        CreatedBy {
            id: id.to_owned(),
            display_name: display_name.to_owned(),
        }
    });
    let identity_count = rng.below(5000) as i32;
    RoleMiningSession {
        id: rng.hex(32),
        name: name(rng),
        saved: rng.percent(50),
        scope: SessionScope {
            identity_ids: Vec::new(),
            criteria: rng
                .percent(70)
                .then(|| "source.name:DataScienceDataset".to_owned()),
            attribute_filter_criteria: None,
        },
        min_num_identities_in_potential_role: Some(20),
        scoping_method: rng.percent(40).then(|| "AUTO_RM".to_owned()),
        prescribed_prune_threshold: Some(10),
        prune_threshold: rng.percent(50).then_some(5),
        potential_role_count: rng.below(40) as i32,
        potential_roles_ready_count: 0,
        status: SessionStatus {
            state: SessionState::ALL[rng.below(6) as usize],
        },
        session_type: if rng.percent(70) {
            SessionType::Specialized
        } else {
            SessionType::Common
        },
        email_recipient_id: None,
        created_by,
        identity_count,
        data_file_path: None,
        created_date,
        modified_date,
    }
}

/// `n` sessions, the same ones every time (and the first `n` of any longer run).
pub fn generate(n: usize) -> Vec<RoleMiningSession> {
    let mut rng = Rng::new(SEED);
    (0..n).map(|_| session(&mut rng)).collect()
}
