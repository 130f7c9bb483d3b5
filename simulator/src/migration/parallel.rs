//! Pages of a log read on threads of their own, handed back in the order they were read.

use super::Read;

/// `pages` read on a thread of `scope` and handed, in turn, to `workers` threads that each turn
/// theirs into reads with `read`; the reads come back in the pages' order. At most one page
/// waits for each worker, and one read page waits from each. When the caller stops taking reads,
/// every thread stops.
pub(super) fn read_in_parallel<'scope, P, E>(
    scope: &'scope std::thread::Scope<'scope, '_>,
    pages: impl Iterator<Item = P> + Send + 'scope,
    workers: usize,
    read: impl Fn(P) -> Vec<Read<E>> + Send + Sync + Clone + 'scope,
) -> impl Iterator<Item = Read<E>> + 'scope
where
    P: Send + 'scope,
    E: Send + 'scope,
{
    use std::sync::mpsc::sync_channel;
    let mut to_workers = Vec::new();
    let mut from_workers = Vec::new();
    for _ in 0..workers.max(1) {
        let (give, take) = sync_channel::<P>(1);
        let (done, collect) = sync_channel::<Vec<Read<E>>>(1);
        let read = read.clone();
        scope.spawn(move || {
            for page in take {
                if done.send(read(page)).is_err() {
                    return;
                }
            }
        });
        to_workers.push(give);
        from_workers.push(collect);
    }
    scope.spawn(move || {
        for (i, page) in pages.enumerate() {
            if to_workers[i % to_workers.len()].send(page).is_err() {
                return;
            }
        }
    });
    // Page i went to worker i mod n, so taking from each worker in turn keeps the order; the
    // first worker with nothing more means the pages have ended.
    let mut turn = 0;
    std::iter::from_fn(move || {
        let page = from_workers[turn % from_workers.len()].recv().ok()?;
        turn += 1;
        Some(page)
    })
    .flatten()
}
