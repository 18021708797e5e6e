// Who kfk will authenticate as with a resolved connection — "user alice (SASL_SSL,
// SCRAM-SHA-512)", "client certificate CN=alice from alice.crt (SSL)", "anonymous
// (PLAINTEXT)" — for `kfk config` and the context listing. Never a secret.
#pragma once

#include <optional>
#include <string>

#include "core/connection.hpp"

namespace kfk::cli {

struct Principal {
    // "user" (PLAIN, SCRAM), "oauthbearer", "kerberos", "certificate" or "anonymous".
    std::string kind;
    // The user name, OAuth client id or token principal, Kerberos principal, or the client
    // certificate's subject (RFC 2253); empty when it is not known.
    std::string name;
    std::string security_protocol;  // upper case
    std::string sasl_mechanism;     // SASL only
    std::string certificate;        // the client certificate's file (or "inline PEM"), if any
    std::string text;               // the one-line description
};

Principal principal_of(const Connection& connection);

// The subject (RFC 2253, e.g. "CN=alice,O=example") of the first certificate of a PEM file
// or PEM text; nullopt when there is none or it cannot be read.
std::optional<std::string> certificate_subject_of_file(const std::string& path);
std::optional<std::string> certificate_subject_of_pem(const std::string& pem);

}  // namespace kfk::cli
