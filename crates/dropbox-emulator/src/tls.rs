//! An HTTPS front on a running emulator, for clients that only speak `https://` (the official
//! Python SDK builds every URL as `https://{host}/2/{route}`). The front terminates TLS with a
//! certificate made at start, signed by a throwaway authority the client is told to trust, and
//! passes the bytes through to the emulator unchanged: a fault that breaks the emulator's
//! connection breaks the client's.

use std::net::{Ipv4Addr, SocketAddr};
use std::path::Path;
use std::sync::Arc;

use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, KeyPair, KeyUsagePurpose};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls::ServerConfig;
use tokio_rustls::rustls::crypto::ring;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

use crate::EmulatorHandle;

/// Why the front could not start.
#[derive(Debug, thiserror::Error)]
pub enum TlsError {
    #[error("could not make the test certificate: {0}")]
    Certificate(#[from] rcgen::Error),
    #[error("could not set up TLS: {0}")]
    Tls(#[from] tokio_rustls::rustls::Error),
    #[error("could not listen for HTTPS: {0}")]
    Io(#[from] std::io::Error),
}

/// A running HTTPS front; dropping it stops it.
pub struct TlsFront {
    addr: SocketAddr,
    authority_pem: String,
    task: JoinHandle<()>,
}

impl TlsFront {
    /// `127.0.0.1:PORT`, the host a client puts after `https://`.
    pub fn host(&self) -> String {
        self.addr.to_string()
    }

    /// The authority that signed the front's certificate, PEM, for the client to trust.
    pub fn authority_pem(&self) -> &str {
        &self.authority_pem
    }

    /// Writes [`Self::authority_pem`] to `path` (a CA bundle file).
    pub fn write_authority(&self, path: &Path) -> std::io::Result<()> {
        std::fs::write(path, &self.authority_pem)
    }
}

impl Drop for TlsFront {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl EmulatorHandle {
    /// Starts an HTTPS front on 127.0.0.1 passing through to this emulator.
    pub async fn tls_front(&self) -> Result<TlsFront, TlsError> {
        let authority_key = KeyPair::generate()?;
        let mut authority = CertificateParams::new(Vec::<String>::new())?;
        authority.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        authority
            .distinguished_name
            .push(DnType::CommonName, "Dropbox emulator test authority");
        authority.key_usages = vec![
            KeyUsagePurpose::KeyCertSign,
            KeyUsagePurpose::CrlSign,
            KeyUsagePurpose::DigitalSignature,
        ];
        let authority = authority.self_signed(&authority_key)?;

        let key = KeyPair::generate()?;
        let mut leaf =
            CertificateParams::new(vec!["127.0.0.1".to_owned(), "localhost".to_owned()])?;
        leaf.distinguished_name
            .push(DnType::CommonName, "Dropbox emulator");
        let leaf = leaf.signed_by(&key, &authority, &authority_key)?;

        let mut config = ServerConfig::builder_with_provider(Arc::new(ring::default_provider()))
            .with_safe_default_protocol_versions()?
            .with_no_client_auth()
            .with_single_cert(
                vec![CertificateDer::from(leaf.der().to_vec())],
                PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der())),
            )?;
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        let acceptor = TlsAcceptor::from(Arc::new(config));

        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await?;
        let addr = listener.local_addr()?;
        let backend = self.addr();
        let task = tokio::spawn(async move {
            loop {
                let Ok((client, _)) = listener.accept().await else {
                    continue;
                };
                let acceptor = acceptor.clone();
                tokio::spawn(async move {
                    let Ok(mut client) = acceptor.accept(client).await else {
                        return;
                    };
                    let Ok(mut emulator) = TcpStream::connect(backend).await else {
                        return;
                    };
                    // Ends when either side closes: a broken emulator connection breaks this one.
                    let _ = tokio::io::copy_bidirectional(&mut client, &mut emulator).await;
                });
            }
        });
        Ok(TlsFront {
            addr,
            authority_pem: authority.pem(),
            task,
        })
    }
}
