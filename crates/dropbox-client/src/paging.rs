//! Paged listings as streams: the first page, then `continue` with each cursor until
//! `has_more` is false.

use std::future::Future;

use futures_util::{Stream, TryStreamExt};

use crate::error::Error;
use crate::types::file_requests::ListFileRequestsV2Result;
use crate::types::files::{ListFolderResult, Metadata};

/// A page of a listing.
pub(crate) trait Page {
    type Item;
    /// The page's items, and the cursor for the next page if there is one.
    fn into_parts(self) -> (Vec<Self::Item>, Option<String>);
}

impl Page for ListFolderResult {
    type Item = Metadata;
    fn into_parts(self) -> (Vec<Metadata>, Option<String>) {
        (self.entries, self.has_more.then_some(self.cursor))
    }
}

impl Page for ListFileRequestsV2Result {
    type Item = crate::types::file_requests::FileRequest;
    fn into_parts(self) -> (Vec<Self::Item>, Option<String>) {
        (self.file_requests, self.has_more.then_some(self.cursor))
    }
}

/// Every page of a listing, as it arrives: `first()` for the first page, `next(cursor)` for
/// the others.
pub(crate) fn pages<'a, P, E, First, FirstFut, Next, NextFut>(
    first: First,
    next: Next,
) -> impl Stream<Item = Result<Vec<P::Item>, Error<E>>> + 'a
where
    P: Page + 'a,
    P::Item: 'a,
    E: 'a,
    First: Fn() -> FirstFut + 'a,
    FirstFut: Future<Output = Result<P, Error<E>>> + 'a,
    Next: Fn(String) -> NextFut + 'a,
    NextFut: Future<Output = Result<P, Error<E>>> + 'a,
{
    enum At {
        Start,
        Cursor(String),
        End,
    }
    futures_util::stream::try_unfold((At::Start, first, next), |(at, first, next)| async move {
        let page = match at {
            At::End => return Ok(None),
            At::Start => first().await?,
            At::Cursor(cursor) => next(cursor).await?,
        };
        let (items, cursor) = page.into_parts();
        let at = cursor.map_or(At::End, At::Cursor);
        Ok(Some((items, (at, first, next))))
    })
}

/// Every item of a listing: `first()` for the first page, `next(cursor)` for the others.
pub(crate) fn items<'a, P, E, First, FirstFut, Next, NextFut>(
    first: First,
    next: Next,
) -> impl Stream<Item = Result<P::Item, Error<E>>> + 'a
where
    P: Page + 'a,
    P::Item: 'a,
    E: 'a,
    First: Fn() -> FirstFut + 'a,
    FirstFut: Future<Output = Result<P, Error<E>>> + 'a,
    Next: Fn(String) -> NextFut + 'a,
    NextFut: Future<Output = Result<P, Error<E>>> + 'a,
{
    pages(first, next)
        .map_ok(|items| futures_util::stream::iter(items.into_iter().map(Ok)))
        .try_flatten()
}
