//! Per-connection I/O that a handler can sabotage: after [`ConnControl::abort`] the next write
//! fails, so hyper gives up on the connection and drops the socket without sending anything.
//! With `reset`, SO_LINGER is set to zero first, so the close is an RST instead of a FIN.

use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicU8, Ordering};
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;

const KEEP: u8 = 0;
const CLOSE: u8 = 1;
const RESET: u8 = 2;

/// How a connection should end instead of answering.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Abort {
    /// Close quietly (FIN) without a response.
    Close,
    /// Reset (RST) without a response.
    Reset,
}

/// Shared between a connection's I/O and the requests served on it.
#[derive(Default)]
pub struct ConnControl {
    state: AtomicU8,
}

impl ConnControl {
    /// Makes the connection end the given way instead of writing the pending response.
    pub fn abort(&self, how: Abort) {
        let value = match how {
            Abort::Close => CLOSE,
            Abort::Reset => RESET,
        };
        self.state.store(value, Ordering::SeqCst);
    }
}

/// A `TcpStream` whose writes fail once the connection is aborted.
pub struct AbortableIo {
    inner: TcpStream,
    control: std::sync::Arc<ConnControl>,
}

impl AbortableIo {
    /// Wraps an accepted stream.
    pub fn new(inner: TcpStream, control: std::sync::Arc<ConnControl>) -> Self {
        AbortableIo { inner, control }
    }

    /// `Err` once aborted: no byte of the response may leave.
    fn check(&self) -> io::Result<()> {
        match self.control.state.load(Ordering::SeqCst) {
            KEEP => Ok(()),
            state => {
                if state == RESET {
                    // Best effort: without it the peer sees a FIN, still a failed request.
                    let _ = self.inner.set_zero_linger();
                }
                Err(io::Error::new(
                    io::ErrorKind::ConnectionAborted,
                    "connection aborted by an injected fault",
                ))
            }
        }
    }
}

impl AsyncRead for AbortableIo {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl AsyncWrite for AbortableIo {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        self.check()?;
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        self.check()?;
        Pin::new(&mut self.inner).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.check()?;
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.check()?;
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}
