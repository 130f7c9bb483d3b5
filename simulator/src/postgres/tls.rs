//! TLS for PostgreSQL connections, as libpq's `sslmode` asks for it: not at all (`disable`),
//! when the server offers it (`allow`, `prefer`, the default), always (`require`), and with the
//! server's certificate checked against a certificate authority's (`verify-ca`), its name too
//! (`verify-full`). rustls does the work, so that nothing of the system (OpenSSL) is needed.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::WebPkiServerVerifier;
use rustls::crypto::{verify_tls12_signature, verify_tls13_signature, CryptoProvider};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName, UnixTime};
use rustls::{CertificateError, ClientConfig, DigitallySignedStruct, RootCertStore};

/// How the server's certificate is checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verify {
    /// Not at all: the connection is encrypted, but the server is taken at its word (libpq's
    /// `prefer` and `require` without a root certificate).
    Nothing,
    /// Signed by an authority of the file, whatever name it gives (`verify-ca`, and `require`
    /// when a root certificate is at hand, as libpq does).
    Authority(PathBuf),
    /// Signed by an authority of the file, for the host connected to (`verify-full`).
    AuthorityAndName(PathBuf),
}

/// A client certificate and its key (`sslcert`, `sslkey`), for servers that ask for one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientCertificate {
    pub certificate: PathBuf,
    pub key: PathBuf,
}

/// The TLS a connection uses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tls {
    pub verify: Verify,
    pub client: Option<ClientCertificate>,
}

/// The connector for `tls`: its files read now, so that a missing or unreadable one is told
/// before anything is sent.
pub fn connector(tls: &Tls) -> Result<tokio_postgres_rustls::MakeRustlsConnect, String> {
    // ring's provider: aws-lc-rs, rustls's default, has post-quantum key exchange, but needs
    // cmake and a C toolchain to build; PostgreSQL servers offer the classic groups.
    #[allow(deprecated)]
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("TLS cannot be set up: {e}"))?;
    let authority = match &tls.verify {
        Verify::Nothing => None,
        Verify::Authority(file) => Some((webpki(file, &provider)?, Names::Any)),
        Verify::AuthorityAndName(file) => Some((webpki(file, &provider)?, Names::Checked)),
    };
    let verifier = Arc::new(Checked {
        provider: provider.clone(),
        authority,
    });
    let builder = builder
        .dangerous()
        .with_custom_certificate_verifier(verifier);
    let config = match &tls.client {
        None => builder.with_no_client_auth(),
        Some(client) => {
            let chain = certificates(&client.certificate, "sslcert")?;
            let key = PrivateKeyDer::from_pem_file(&client.key).map_err(|e| {
                format!(
                    "sslkey {}: cannot read a private key from it: {e}",
                    shown(&client.key)
                )
            })?;
            builder
                .with_client_auth_cert(chain, key)
                .map_err(|e| format!("sslcert and sslkey do not go together: {e}"))?
        }
    };
    Ok(tokio_postgres_rustls::MakeRustlsConnect::new(config))
}

/// The certificates of a PEM file, at least one.
fn certificates(file: &Path, setting: &str) -> Result<Vec<CertificateDer<'static>>, String> {
    let read = |e: &dyn std::fmt::Display| {
        format!(
            "{setting} {}: cannot read certificates from it: {e}",
            shown(file)
        )
    };
    let certificates: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(file)
        .map_err(|e| read(&e))?
        .collect::<Result<_, _>>()
        .map_err(|e| read(&e))?;
    if certificates.is_empty() {
        return Err(read(&"it holds no PEM certificate"));
    }
    Ok(certificates)
}

/// The verifier of certificates signed by an authority of `file`, for the host's name.
fn webpki(
    file: &Path,
    provider: &Arc<CryptoProvider>,
) -> Result<Arc<WebPkiServerVerifier>, String> {
    let mut roots = RootCertStore::empty();
    for certificate in certificates(file, "sslrootcert")? {
        roots.add(certificate).map_err(|e| {
            format!(
                "sslrootcert {}: a certificate there is no authority's: {e}",
                shown(file)
            )
        })?;
    }
    WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider.clone())
        .build()
        .map_err(|e| format!("sslrootcert {}: {e}", shown(file)))
}

/// A file a source names, as messages show sources: a value that runs on into a password
/// (`sslrootcert=/ca.pem\u{a0}password=…`) does not show it.
fn shown(file: &Path) -> String {
    super::redact(&file.display().to_string())
}

/// How the server's certificate is checked: not at all, or against an authority, its name
/// too or not; the handshake's signatures are checked whatever the certificate.
#[derive(Debug)]
struct Checked {
    provider: Arc<CryptoProvider>,
    authority: Option<(Arc<WebPkiServerVerifier>, Names)>,
}

/// Whether the certificate must name the host connected to (`verify-full`) or may name any
/// (`verify-ca`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Names {
    Checked,
    Any,
}

impl ServerCertVerifier for Checked {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let Some((authority, names)) = &self.authority else {
            return Ok(ServerCertVerified::assertion());
        };
        match authority.verify_server_cert(
            end_entity,
            intermediates,
            server_name,
            ocsp_response,
            now,
        ) {
            Err(rustls::Error::InvalidCertificate(
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
            )) if *names == Names::Any => Ok(ServerCertVerified::assertion()),
            other => other,
        }
    }
    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls12_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }
    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls13_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }
    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}
