#include "core/principal.hpp"

#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <cctype>
#include <memory>

namespace kfk::cli {
namespace {

std::string upper(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

std::optional<std::string> subject_from_bio(BIO* in) {
    if (!in) return std::nullopt;
    const std::unique_ptr<BIO, decltype(&BIO_free)> input{in, &BIO_free};
    const std::unique_ptr<X509, decltype(&X509_free)> cert{
        PEM_read_bio_X509(in, nullptr, nullptr, nullptr), &X509_free};
    if (!cert) return std::nullopt;
    const std::unique_ptr<BIO, decltype(&BIO_free)> out{BIO_new(BIO_s_mem()), &BIO_free};
    if (!out) return std::nullopt;
    if (X509_NAME_print_ex(out.get(), X509_get_subject_name(cert.get()), 0, XN_FLAG_RFC2253) < 0) {
        return std::nullopt;
    }
    char* data = nullptr;
    const long n = BIO_get_mem_data(out.get(), &data);
    if (n <= 0 || !data) return std::nullopt;
    return std::string{data, static_cast<std::size_t>(n)};
}

std::string value_of(const Connection& c, std::string_view key) {
    const auto* s = c.find(key);
    return s ? s->value : std::string{};
}

// "principal=admin lifeSeconds=3600" -> "admin" (librdkafka's unsecured JWT config).
std::string unsecured_jwt_principal(const std::string& config) {
    std::size_t pos = 0;
    while (pos < config.size()) {
        const auto end = config.find(' ', pos);
        const auto item = config.substr(pos, end - pos);
        if (item.starts_with("principal=")) return item.substr(10);
        if (end == std::string::npos) break;
        pos = end + 1;
    }
    return {};
}

}  // namespace

std::optional<std::string> certificate_subject_of_file(const std::string& path) {
    return subject_from_bio(BIO_new_file(path.c_str(), "r"));
}

std::optional<std::string> certificate_subject_of_pem(const std::string& pem) {
    return subject_from_bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
}

Principal principal_of(const Connection& c) {
    Principal p;
    p.security_protocol = upper(value_of(c, "security.protocol"));
    if (p.security_protocol.empty()) p.security_protocol = "PLAINTEXT";
    const bool sasl = p.security_protocol.starts_with("SASL_");
    const bool tls = p.security_protocol == "SSL" || p.security_protocol == "SASL_SSL";
    if (sasl) {
        p.sasl_mechanism = upper(value_of(c, "sasl.mechanism"));
        if (p.sasl_mechanism.empty()) p.sasl_mechanism = upper(value_of(c, "sasl.mechanisms"));
        if (p.sasl_mechanism.empty()) p.sasl_mechanism = "GSSAPI";  // librdkafka's default
        const std::string how = "(" + p.security_protocol + ", " + p.sasl_mechanism + ")";
        if (p.sasl_mechanism == "OAUTHBEARER") {
            p.kind = "oauthbearer";
            if (value_of(c, "sasl.oauthbearer.method") == "oidc") {
                p.name = value_of(c, "sasl.oauthbearer.client.id");
                const auto endpoint = value_of(c, "sasl.oauthbearer.token.endpoint.url");
                p.text = "OAuth client " + (p.name.empty() ? "(no client id set)" : p.name) +
                         ", token from " + (endpoint.empty() ? "(no endpoint set)" : endpoint) +
                         " " + how;
            } else if (value_of(c, "enable.sasl.oauthbearer.unsecure.jwt") == "true") {
                p.name = unsecured_jwt_principal(value_of(c, "sasl.oauthbearer.config"));
                p.text = "principal " + (p.name.empty() ? "(none set)" : p.name) +
                         " with an unsecured JWT " + how;
            } else {
                p.text = "a token the application supplies " + how;
            }
        } else if (p.sasl_mechanism == "GSSAPI") {
            p.kind = "kerberos";
            p.name = value_of(c, "sasl.kerberos.principal");
            p.text = "Kerberos principal " +
                     (p.name.empty() ? std::string{"kafkaclient (librdkafka's default)"} : p.name) +
                     " " + how;
            if (p.name.empty()) p.name = "kafkaclient";
        } else {
            p.kind = "user";
            p.name = value_of(c, "sasl.username");
            p.text = (p.name.empty() ? std::string{"no user set"} : "user " + p.name) + " " + how;
        }
        return p;
    }
    std::string subject;
    if (tls) {
        if (const auto file = value_of(c, "ssl.certificate.location"); !file.empty()) {
            p.certificate = file;
            const auto s = certificate_subject_of_file(file);
            p.name = s.value_or("");
            p.text = "client certificate " +
                     (s ? *s + " from " + file : file + " (subject not readable)");
        } else if (const auto pem = value_of(c, "ssl.certificate.pem"); !pem.empty()) {
            p.certificate = "inline PEM";
            const auto s = certificate_subject_of_pem(pem);
            p.name = s.value_or("");
            p.text = "client certificate " + (s ? *s : std::string{"(subject not readable)"}) +
                     " from ssl.certificate.pem";
        } else if (const auto ks = value_of(c, "ssl.keystore.location"); !ks.empty()) {
            p.certificate = ks;
            p.text = "client certificate from keystore " + ks;
        }
    }
    if (!p.certificate.empty()) {
        p.kind = "certificate";
        p.text += " (" + p.security_protocol + ")";
    } else {
        p.kind = "anonymous";
        p.text = "anonymous (" + p.security_protocol + (tls ? ", no client certificate" : "") + ")";
    }
    return p;
}

}  // namespace kfk::cli
