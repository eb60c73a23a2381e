//! The connections a server holds ([`Slot`]), and which of them gives way when every place is
//! taken and a new client waits ([`Room::make_room`]).

use std::sync::{Arc, Mutex, MutexGuard, Weak};
use std::task::Waker;
use std::time::{Duration, Instant};

use tokio::sync::Notify;

use super::head::Refusal;

/// How long a connection that has sent no complete request yet keeps its place while a new
/// client waits for one: long enough for any client to send a head, too short for a slow one
/// to hold the place.
pub(super) const GIVE_WAY_AFTER: Duration = Duration::from_secs(1);

/// One open connection, as its reader, its requests and the accept loop see it.
pub(super) struct Slot {
    state: Mutex<SlotState>,
    /// Tells the connection's task that it is asked to close.
    close: Notify,
}

struct SlotState {
    opened: Instant,
    /// Since when no request has been in progress: the connection opened, or a response ended.
    waiting_since: Instant,
    /// Request heads handed to hyper, requests the app was called for, responses ended.
    heads: u64,
    started: u64,
    finished: u64,
    /// Bytes held of a request head not complete yet.
    held: usize,
    /// A response ended and was not flushed since.
    unflushed: bool,
    /// Why the connection is to end at its next request boundary.
    closing: Option<Closing>,
    /// The reader, woken when it may have to stop.
    reader: Option<Waker>,
}

/// Why a connection ends at its next request boundary.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Closing {
    /// The server stops, or the connection gives way to another.
    Asked,
    /// Its next request head is refused: it gets this answer, and the connection closes.
    Refused(Refusal),
}

/// What a reader at a request boundary does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Gate {
    /// Reads on.
    Open,
    /// Ends the stream for hyper: nothing is in progress.
    End,
    /// Waits for the requests in progress to be answered.
    Wait,
}

impl SlotState {
    fn in_progress(&self) -> bool {
        self.heads.max(self.started) > self.finished
    }

    fn wake_reader(&mut self) {
        if let Some(reader) = self.reader.take() {
            reader.wake();
        }
    }
}

impl Slot {
    fn new(now: Instant) -> Slot {
        Slot {
            state: Mutex::new(SlotState {
                opened: now,
                waiting_since: now,
                heads: 0,
                started: 0,
                finished: 0,
                held: 0,
                unflushed: false,
                closing: None,
                reader: None,
            }),
            close: Notify::new(),
        }
    }

    fn state(&self) -> MutexGuard<'_, SlotState> {
        // The state is consistent after every statement: a panic elsewhere leaves it usable.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// For the reader at a request boundary: whether it reads on; `waker` is woken when that
    /// may change.
    pub(super) fn gate(&self, waker: &Waker) -> Gate {
        let mut state = self.state();
        if !state.reader.as_ref().is_some_and(|w| w.will_wake(waker)) {
            state.reader = Some(waker.clone());
        }
        match state.closing {
            None => Gate::Open,
            Some(_) if state.in_progress() || state.unflushed => Gate::Wait,
            Some(_) => Gate::End,
        }
    }

    /// The reader handed `heads` more request heads to hyper, holds `held` bytes of the next
    /// one, and maybe refused it.
    pub(super) fn read(&self, heads: u64, held: usize, refused: Option<Refusal>) {
        let mut state = self.state();
        state.heads += heads;
        state.held = held;
        if let Some(refusal) = refused {
            state.closing = Some(Closing::Refused(refusal));
        }
    }

    /// The refused head's answer, if a head was refused.
    pub(super) fn refusal(&self) -> Option<Refusal> {
        match self.state().closing {
            Some(Closing::Refused(refusal)) => Some(refusal),
            _ => None,
        }
    }

    /// The connection's writes are flushed.
    pub(super) fn flushed(&self) {
        let mut state = self.state();
        if state.unflushed {
            state.unflushed = false;
            state.wake_reader();
        }
    }

    /// The app was called for a request.
    pub(super) fn started(&self) {
        self.state().started += 1;
    }

    /// A response ended (written to the connection's buffer), or its request was dropped.
    pub(super) fn finished(&self) {
        let mut state = self.state();
        state.finished += 1;
        state.unflushed = true;
        if !state.in_progress() {
            state.waiting_since = Instant::now();
        }
        state.wake_reader();
    }

    /// Asks the connection to close at its next request boundary (at once if it is between
    /// requests), and tells its task.
    pub(super) fn ask_to_close(&self) {
        let mut state = self.state();
        state.closing.get_or_insert(Closing::Asked);
        state.wake_reader();
        drop(state);
        self.close.notify_one();
    }

    /// Resolves once the connection is asked to close.
    pub(super) async fn asked_to_close(&self) {
        self.close.notified().await;
    }

    /// Its place, as [`Room::make_room`] ranks it: `None` when it is on its way out already.
    fn standing(&self, now: Instant) -> Standing {
        let state = self.state();
        let waited = now.saturating_duration_since(state.waiting_since);
        match state.closing {
            Some(_) if state.in_progress() => Standing::Leaving { soon: false },
            Some(_) => Standing::Leaving { soon: true },
            None if state.in_progress() => Standing::Busy {
                opened: state.opened,
            },
            None if state.held == 0 && state.finished > 0 => Standing::Idle { waited },
            None => Standing::Waiting { waited },
        }
    }
}

/// What a connection is doing, for [`Room::make_room`].
enum Standing {
    /// Asked to close, or closing of its own; `soon` when nothing holds it up.
    Leaving { soon: bool },
    /// A request is in progress.
    Busy { opened: Instant },
    /// Between requests, having been answered before.
    Idle { waited: Duration },
    /// Never sent a request yet, or in the middle of a request head.
    Waiting { waited: Duration },
}

/// Every open connection's [`Slot`].
#[derive(Default)]
pub(super) struct Room {
    slots: Vec<Weak<Slot>>,
    /// When a busy connection was last asked to close after its response.
    last_busy_pick: Option<Instant>,
}

impl Room {
    /// The slot of a connection opened now.
    pub(super) fn open(&mut self) -> Arc<Slot> {
        if self.slots.len() == self.slots.capacity() {
            self.slots.retain(|slot| slot.strong_count() > 0);
        }
        let slot = Arc::new(Slot::new(Instant::now()));
        self.slots.push(Arc::downgrade(&slot));
        slot
    }

    /// Every place is taken and a client waits: asks one connection to give way, unless one is
    /// on its way out already. In this order:
    ///
    /// 1. a connection idle between requests (the longest idle first);
    /// 2. one that has sent no complete request for [`GIVE_WAY_AFTER`] (silent, or slow with
    ///    its head), the longest waiting first;
    /// 3. else the busy one open longest closes after its response (`Connection: close`), at
    ///    most one every [`GIVE_WAY_AFTER`]: so clients sending request after request cannot
    ///    keep every place either.
    pub(super) fn make_room(&mut self, now: Instant) {
        self.slots.retain(|slot| slot.strong_count() > 0);
        let slots: Vec<Arc<Slot>> = self.slots.iter().filter_map(Weak::upgrade).collect();
        let mut idle: Option<(Duration, &Arc<Slot>)> = None;
        let mut waiting: Option<(Duration, &Arc<Slot>)> = None;
        let mut busy: Option<(Instant, &Arc<Slot>)> = None;
        for slot in &slots {
            match slot.standing(now) {
                Standing::Leaving { soon: true } => return,
                Standing::Leaving { soon: false } => {}
                Standing::Idle { waited } => {
                    if idle.is_none_or(|(longest, _)| waited > longest) {
                        idle = Some((waited, slot));
                    }
                }
                Standing::Waiting { waited } if waited >= GIVE_WAY_AFTER => {
                    if waiting.is_none_or(|(longest, _)| waited > longest) {
                        waiting = Some((waited, slot));
                    }
                }
                Standing::Waiting { .. } => {}
                Standing::Busy { opened } => {
                    if busy.is_none_or(|(first, _)| opened < first) {
                        busy = Some((opened, slot));
                    }
                }
            }
        }
        if let Some((_, slot)) = idle.or(waiting) {
            slot.ask_to_close();
        } else if let Some((_, slot)) = busy
            && self
                .last_busy_pick
                .is_none_or(|at| now.saturating_duration_since(at) >= GIVE_WAY_AFTER)
        {
            slot.ask_to_close();
            self.last_busy_pick = Some(now);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asked(slot: &Slot) -> bool {
        slot.state().closing.is_some()
    }

    #[test]
    fn idle_connections_give_way_first_then_slow_ones_then_busy_ones() {
        let mut room = Room::default();
        let busy = room.open();
        busy.read(1, 0, None);
        let silent = room.open();
        let idle = room.open();
        idle.read(1, 0, None);
        idle.started();
        idle.finished();
        let start = Instant::now();
        room.make_room(start);
        assert!(asked(&idle) && !asked(&silent) && !asked(&busy));
        // The idle one leaves soon: nothing more is asked until it is gone.
        room.make_room(start + GIVE_WAY_AFTER * 2);
        assert!(!asked(&silent));
        drop(idle);
        room.make_room(start + GIVE_WAY_AFTER * 2);
        assert!(asked(&silent) && !asked(&busy));
        drop(silent);
        room.make_room(start + GIVE_WAY_AFTER * 2);
        assert!(asked(&busy));
    }

    #[test]
    fn a_new_connection_has_its_moment_to_send_a_head() {
        let mut room = Room::default();
        let silent = room.open();
        let unfinished = room.open();
        unfinished.read(0, 10, None);
        let now = Instant::now();
        room.make_room(now);
        assert!(!asked(&silent) && !asked(&unfinished));
        room.make_room(now + GIVE_WAY_AFTER);
        assert!(asked(&silent) != asked(&unfinished));
    }

    #[test]
    fn busy_connections_are_asked_one_at_a_time() {
        let mut room = Room::default();
        let first = room.open();
        let second = room.open();
        for slot in [&first, &second] {
            slot.read(1, 0, None);
        }
        let now = Instant::now();
        room.make_room(now);
        room.make_room(now + GIVE_WAY_AFTER / 2);
        assert!(asked(&first) && !asked(&second));
        room.make_room(now + GIVE_WAY_AFTER);
        assert!(asked(&second));
    }

    #[test]
    fn a_reader_stops_once_nothing_is_in_progress_and_flushed() {
        let slot = Slot::new(Instant::now());
        let waker = Waker::noop();
        assert_eq!(slot.gate(waker), Gate::Open);
        slot.read(1, 0, Some(Refusal::TooManyHeaders));
        assert_eq!(slot.gate(waker), Gate::Wait);
        slot.started();
        slot.finished();
        assert_eq!(slot.gate(waker), Gate::Wait);
        slot.flushed();
        assert_eq!(slot.gate(waker), Gate::End);
        assert_eq!(slot.refusal(), Some(Refusal::TooManyHeaders));
    }
}
