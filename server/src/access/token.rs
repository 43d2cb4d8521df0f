//! Signed tokens and facilitator keys, both HMAC-SHA256 under one server secret.
//!
//! A token is `v1.<claims>.<signature>`, both parts base64url without padding; the claims
//! are JSON naming the board, the participant, the role and the expiry. Verification
//! recomputes the signature in constant time, then checks the expiry. A facilitator key is
//! the HMAC of the board id, so it needs no storage and every instance that shares the
//! secret (Redis mode) accepts it.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use polyphony_shared::{BoardId, ParticipantId, Role};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

/// Bytes in the server secret.
pub const SECRET_BYTES: usize = 32;

const VERSION: &str = "v1";
/// Keeps the two uses of the secret apart, so a token signature is never a facilitator key.
const TOKEN_CONTEXT: &[u8] = b"polyphony token\0";
const FACILITATOR_CONTEXT: &[u8] = b"polyphony facilitator\0";
const REPORT_CONTEXT: &[u8] = b"polyphony report\0";
const WRITER_CONTEXT: &[u8] = b"polyphony writer\0";
/// Bytes of the MAC a writer seal keeps: 96 bits, far past guessing.
const WRITER_SEAL_BYTES: usize = 12;

/// What a token says about its holder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    /// The board it is valid for.
    #[serde(rename = "b")]
    pub board: BoardId,
    /// Who holds it.
    #[serde(rename = "p")]
    pub participant: ParticipantId,
    /// What they may do.
    #[serde(rename = "r")]
    pub role: Role,
    /// When it stops working, in milliseconds since the Unix epoch.
    #[serde(rename = "e")]
    pub expires_at_ms: u64,
}

/// Why a token was refused. The client learns only that it was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    /// Not of the form `v1.<claims>.<signature>`, or not base64url, or not our JSON.
    #[error("malformed token")]
    Malformed,
    /// The signature does not match: forged or tampered with.
    #[error("bad token signature")]
    BadSignature,
    /// Past its expiry.
    #[error("token expired")]
    Expired,
    /// Valid, but for another board.
    #[error("token is for another board")]
    OtherBoard,
}

/// Signs and checks tokens and facilitator keys. Cheap to clone.
#[derive(Clone)]
pub struct Signer {
    secret: [u8; SECRET_BYTES],
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Signer(..)") // Never print the secret.
    }
}

impl Signer {
    /// A signer with the given secret (from the store, shared by every instance).
    pub fn new(secret: [u8; SECRET_BYTES]) -> Self {
        Signer { secret }
    }

    /// Issues a token for the claims.
    pub fn issue(&self, claims: &Claims) -> String {
        // Serialising four plain fields cannot fail; an empty payload would only make a token
        // that every check refuses.
        let payload = URL_SAFE_NO_PAD.encode(serde_json::to_vec(claims).unwrap_or_default());
        let signature = URL_SAFE_NO_PAD.encode(self.mac(TOKEN_CONTEXT, payload.as_bytes()).finalize().into_bytes());
        format!("{VERSION}.{payload}.{signature}")
    }

    /// Checks a token for `board` at time `now_ms` and returns its claims.
    pub fn verify(&self, token: &str, board: BoardId, now_ms: u64) -> Result<Claims, TokenError> {
        let mut parts = token.split('.');
        let (Some(VERSION), Some(payload), Some(signature), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(TokenError::Malformed);
        };
        let signature = URL_SAFE_NO_PAD.decode(signature).map_err(|_| TokenError::Malformed)?;
        self.mac(TOKEN_CONTEXT, payload.as_bytes()).verify_slice(&signature).map_err(|_| TokenError::BadSignature)?;
        let json = URL_SAFE_NO_PAD.decode(payload).map_err(|_| TokenError::Malformed)?;
        let claims: Claims = serde_json::from_slice(&json).map_err(|_| TokenError::Malformed)?;
        if now_ms >= claims.expires_at_ms {
            return Err(TokenError::Expired);
        }
        if claims.board != board {
            return Err(TokenError::OtherBoard);
        }
        Ok(claims)
    }

    /// The facilitator key of a board, of a generation (each replacement of the key is the
    /// next; the first key is generation 0).
    pub fn facilitator_key(&self, board: BoardId, generation: u32) -> String {
        URL_SAFE_NO_PAD.encode(self.facilitator_mac(board, generation).finalize().into_bytes())
    }

    /// Whether `key` is the board's facilitator key of `generation` (compared in constant time).
    pub fn is_facilitator_key(&self, board: BoardId, generation: u32, key: &str) -> bool {
        let Ok(key) = URL_SAFE_NO_PAD.decode(key.trim()) else { return false };
        self.facilitator_mac(board, generation).verify_slice(&key).is_ok()
    }

    /// The key of a board's public report link, of a generation (each link shared anew is
    /// the next): knowing it lets one read the report and nothing else.
    pub fn report_key(&self, board: BoardId, generation: u32) -> String {
        URL_SAFE_NO_PAD.encode(self.report_mac(board, generation).finalize().into_bytes())
    }

    /// Whether `key` is the board's report key of `generation` (compared in constant time).
    pub fn is_report_key(&self, board: BoardId, generation: u32, key: &str) -> bool {
        let Ok(key) = URL_SAFE_NO_PAD.decode(key.trim()) else { return false };
        self.report_mac(board, generation).verify_slice(&key).is_ok()
    }

    fn report_mac(&self, board: BoardId, generation: u32) -> Hmac<Sha256> {
        let mut mac = self.mac(REPORT_CONTEXT, board.to_string().as_bytes());
        mac.update(format!("/{generation}").as_bytes());
        mac
    }

    fn facilitator_mac(&self, board: BoardId, generation: u32) -> Hmac<Sha256> {
        let mut mac = self.mac(FACILITATOR_CONTEXT, board.to_string().as_bytes());
        // Generation 0 is the key boards were created with before keys could be replaced.
        if generation > 0 {
            mac.update(format!("/{generation}").as_bytes());
        }
        mac
    }

    /// The seal that binds yrs client id `client` of a board's content to the participant
    /// who writes under it ([`polyphony_shared::schema::writers`]). Different for every id,
    /// so seals never show which ids belong to one person.
    pub fn writer_seal(&self, board: BoardId, participant: ParticipantId, client: u64) -> String {
        let mut mac = self.mac(WRITER_CONTEXT, board.to_string().as_bytes());
        mac.update(b"\0");
        mac.update(participant.to_string().as_bytes());
        mac.update(b"\0");
        mac.update(&client.to_be_bytes());
        URL_SAFE_NO_PAD.encode(&mac.finalize().into_bytes()[..WRITER_SEAL_BYTES])
    }

    fn mac(&self, context: &[u8], message: &[u8]) -> Hmac<Sha256> {
        // HMAC takes keys of any length, so this cannot fail.
        let mut mac =
            <Hmac<Sha256> as Mac>::new_from_slice(&self.secret).expect("invariant: HMAC accepts any key length");
        mac.update(context);
        mac.update(message);
        mac
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn board(seed: u8) -> BoardId {
        BoardId::random_from(&mut std::iter::repeat(seed))
    }

    fn claims() -> Claims {
        Claims {
            board: board(1),
            participant: ParticipantId::random_from(&mut (1u8..=8)),
            role: Role::Participant,
            expires_at_ms: 1_000,
        }
    }

    #[test]
    fn a_token_verifies_for_its_board_until_it_expires() {
        let signer = Signer::new([7; SECRET_BYTES]);
        let token = signer.issue(&claims());
        assert_eq!(signer.verify(&token, board(1), 999), Ok(claims()));
        assert_eq!(signer.verify(&token, board(1), 1_000), Err(TokenError::Expired));
        assert_eq!(signer.verify(&token, board(2), 999), Err(TokenError::OtherBoard));
    }

    #[test]
    fn tampered_forged_and_malformed_tokens_are_refused() {
        let signer = Signer::new([7; SECRET_BYTES]);
        let token = signer.issue(&claims());
        let mut promoted = claims();
        promoted.role = Role::Facilitator;
        let forged_payload = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&promoted).unwrap_or_default());
        let signature = token.rsplit('.').next().unwrap_or_default();
        let tampered = format!("v1.{forged_payload}.{signature}");
        assert_eq!(signer.verify(&tampered, board(1), 0), Err(TokenError::BadSignature));
        let other_secret = Signer::new([8; SECRET_BYTES]).issue(&promoted);
        assert_eq!(signer.verify(&other_secret, board(1), 0), Err(TokenError::BadSignature));
        for malformed in ["", "v1", "v1.a", "v2.a.b", "v1.a.b.c", "v1.!!.!!"] {
            assert_eq!(signer.verify(malformed, board(1), 0), Err(TokenError::Malformed), "{malformed}");
        }
    }

    #[test]
    fn facilitator_keys_are_per_board_and_per_secret() {
        let signer = Signer::new([7; SECRET_BYTES]);
        let key = signer.facilitator_key(board(1), 0);
        assert!(signer.is_facilitator_key(board(1), 0, &key));
        assert!(!signer.is_facilitator_key(board(2), 0, &key));
        assert!(!Signer::new([8; SECRET_BYTES]).is_facilitator_key(board(1), 0, &key));
        assert!(!signer.is_facilitator_key(board(1), 0, "not base64 !"));
        let replaced = signer.facilitator_key(board(1), 1);
        assert!(signer.is_facilitator_key(board(1), 1, &replaced));
        assert!(!signer.is_facilitator_key(board(1), 1, &key), "the old key stops working");
    }

    #[test]
    fn writer_seals_differ_per_participant_client_and_secret() {
        let signer = Signer::new([7; SECRET_BYTES]);
        let ana = ParticipantId::random_from(&mut (1u8..=8));
        let ben = ParticipantId::random_from(&mut (2u8..=9));
        let seal = signer.writer_seal(board(1), ana, 42);
        assert_eq!(seal, signer.writer_seal(board(1), ana, 42));
        assert_eq!(seal.len(), 16);
        assert_ne!(seal, signer.writer_seal(board(1), ben, 42));
        assert_ne!(seal, signer.writer_seal(board(1), ana, 43));
        assert_ne!(seal, signer.writer_seal(board(2), ana, 42));
        assert_ne!(seal, Signer::new([8; SECRET_BYTES]).writer_seal(board(1), ana, 42));
    }
}
