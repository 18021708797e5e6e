// Admin: SASL/SCRAM credentials (DescribeUserScramCredentials, AlterUserScramCredentials).
#include <algorithm>
#include <map>

#include "admin/admin_impl.hpp"
#include "admin/admin_security.hpp"
#include "core/error_map.hpp"
#include "core/timeout_ms.hpp"
#include "kfk/exceptions.hpp"

namespace kfk {
namespace detail {
namespace {

using AlterationPtr = std::unique_ptr<rd_kafka_UserScramCredentialAlteration_t,
                                      Deleter<rd_kafka_UserScramCredentialAlteration_destroy>>;

rd_kafka_ScramMechanism_t rd_mechanism(ScramMechanism m) noexcept {
    switch (m) {
        case ScramMechanism::sha_256:
            return RD_KAFKA_SCRAM_MECHANISM_SHA_256;
        case ScramMechanism::sha_512:
            return RD_KAFKA_SCRAM_MECHANISM_SHA_512;
        case ScramMechanism::unknown:
            break;
    }
    return RD_KAFKA_SCRAM_MECHANISM_UNKNOWN;
}

ScramMechanism mechanism_of(rd_kafka_ScramMechanism_t m) noexcept {
    switch (m) {
        case RD_KAFKA_SCRAM_MECHANISM_SHA_256:
            return ScramMechanism::sha_256;
        case RD_KAFKA_SCRAM_MECHANISM_SHA_512:
            return ScramMechanism::sha_512;
        default:
            return ScramMechanism::unknown;
    }
}

[[noreturn]] void refuse(const std::string& message, const char* what) {
    throw UsageError(Error{ErrorCode::invalid_arg, message}, what);
}

void check_user(const std::string& user, ScramMechanism mechanism, const char* what) {
    if (user.empty()) refuse("a SCRAM credential needs a user name", what);
    if (mechanism == ScramMechanism::unknown) {
        refuse("user '" + user + "': the SCRAM mechanism must be SCRAM-SHA-256 or SCRAM-SHA-512",
               what);
    }
}

// librdkafka (2.14) copies the per-user error messages of both SCRAM answers from the
// response buffer as if they ended in NUL, which protocol strings do not: the bytes after
// one (e.g. "\x01", the next field) come with it. A message ends before the first control
// character.
Error scram_error(const rd_kafka_error_t* error) {
    Error e = copy_error(error);
    if (!e) return e;
    std::string msg = e.message();
    const auto end = std::find_if(msg.begin(), msg.end(),
                                  [](char c) { return static_cast<unsigned char>(c) < 0x20; });
    if (end == msg.end()) return e;
    msg.erase(end, msg.end());
    return Error{e.code(), msg,
                 Error::Flags{e.is_retriable(), e.is_fatal(), e.txn_requires_abort()}};
}

UserScramCredentials description_of(const rd_kafka_UserScramCredentialsDescription_t* d) {
    UserScramCredentials out;
    if (const char* user = rd_kafka_UserScramCredentialsDescription_user(d)) out.user = user;
    out.error = scram_error(rd_kafka_UserScramCredentialsDescription_error(d));
    const size_t n = rd_kafka_UserScramCredentialsDescription_scramcredentialinfo_count(d);
    for (size_t i = 0; i < n; ++i) {
        const auto* info = rd_kafka_UserScramCredentialsDescription_scramcredentialinfo(d, i);
        out.credentials.push_back({mechanism_of(rd_kafka_ScramCredentialInfo_mechanism(info)),
                                   rd_kafka_ScramCredentialInfo_iterations(info)});
    }
    std::sort(out.credentials.begin(), out.credentials.end(),
              [](const ScramCredentialInfo& a, const ScramCredentialInfo& b) {
                  return a.mechanism < b.mechanism;
              });
    return out;
}

constexpr const char* kDescribeNeeds =
    "not authorized: describing SCRAM credentials needs DESCRIBE (or ALTER) on the CLUSTER "
    "resource kafka-cluster";

// librdkafka (2.14) stores a DescribeUserScramCredentials answer's request-level error
// message as a pointer to stack or static memory and free()s it with the event: destroying
// such an event aborts the process. Broker errors (positive codes) therefore leave the event
// unreleased, a small leak in exchange for not crashing; local errors (timeouts) are safe.
// describe_scram_credentials asks for the cluster's authorized operations first, so the one
// such error seen in practice (not authorized) does not get here.
EventPtr wait_describe_scram(AdminImpl& admin, rd_kafka_queue_t* queue, AdminImpl::Duration timeout,
                             const char* what) {
    EventPtr ev = admin.await_result(queue, timeout, what);
    if (const rd_kafka_resp_err_t err = rd_kafka_event_error(ev.get()); err > 0) {
        (void)ev.release();
        throw_error(err == RD_KAFKA_RESP_ERR_CLUSTER_AUTHORIZATION_FAILED
                        ? make_error(err, kDescribeNeeds)
                        : make_error(err),
                    what);
    }
    admin.throw_if_failed(ev.get(), timeout, what);
    return ev;
}

}  // namespace

std::vector<UserScramCredentials> AdminImpl::describe_scram_credentials(
    const std::vector<std::string>& users, Duration timeout) {
    const char* what = "describe SCRAM credentials";
    std::vector<const char*> names;
    names.reserve(users.size());
    for (const auto& u : users) {
        if (u.empty()) refuse("a SCRAM credential needs a user name", what);
        names.push_back(u.c_str());
    }
    const Deadline deadline{timeout};
    // Not authorized is answered with a request-level error, which librdkafka mishandles
    // (see wait_describe_scram): ask whether DESCRIBE on the cluster is granted first.
    if (may_describe_cluster(*this, timeout, what) == false) {
        throw_error(Error{ErrorCode::cluster_authorization_failed, kDescribeNeeds}, what);
    }
    auto opts = options(RD_KAFKA_ADMIN_OP_DESCRIBEUSERSCRAMCREDENTIALS, deadline.remaining());
    auto queue = start([&](rd_kafka_queue_t* q) {
        rd_kafka_DescribeUserScramCredentials(rk(), names.empty() ? nullptr : names.data(),
                                              names.size(), opts.get(), q);
    });
    auto ev = wait_describe_scram(*this, queue.get(), deadline.remaining(), what);
    size_t n = 0;
    const auto** descriptions = rd_kafka_DescribeUserScramCredentials_result_descriptions(
        rd_kafka_event_DescribeUserScramCredentials_result(ev.get()), &n);
    std::vector<UserScramCredentials> described;
    described.reserve(n);
    for (size_t i = 0; i < n; ++i) described.push_back(description_of(descriptions[i]));
    if (users.empty()) {
        std::sort(described.begin(), described.end(),
                  [](const UserScramCredentials& a, const UserScramCredentials& b) {
                      return a.user < b.user;
                  });
        return described;
    }
    // In the caller's order; a name asked for twice gets the broker's answer twice.
    std::vector<UserScramCredentials> out;
    out.reserve(users.size());
    for (const auto& u : users) {
        auto it = std::find_if(described.begin(), described.end(),
                               [&](const UserScramCredentials& d) { return d.user == u; });
        if (it != described.end()) {
            out.push_back(*it);
        } else {
            UserScramCredentials d;
            d.user = u;
            d.error = Error{ErrorCode::unknown, "no result from the broker"};
            out.push_back(std::move(d));
        }
    }
    return out;
}

namespace {

// Runs AlterUserScramCredentials with `alterations` (for `users`, in order of first
// appearance) and returns one result per user.
std::vector<ItemResult> alter_scram(AdminImpl& admin, std::vector<AlterationPtr> alterations,
                                    const std::vector<std::string>& users,
                                    AdminImpl::Duration timeout, const char* what) {
    std::vector<rd_kafka_UserScramCredentialAlteration_t*> raw;
    raw.reserve(alterations.size());
    for (auto& a : alterations) raw.push_back(a.get());
    auto opts = admin.options(RD_KAFKA_ADMIN_OP_ALTERUSERSCRAMCREDENTIALS, timeout);
    auto ev = admin.run(
        [&](rd_kafka_queue_t* q) {
            rd_kafka_AlterUserScramCredentials(admin.rk(), raw.data(), raw.size(), opts.get(), q);
        },
        timeout, what);
    size_t n = 0;
    const auto** responses = rd_kafka_AlterUserScramCredentials_result_responses(
        rd_kafka_event_AlterUserScramCredentials_result(ev.get()), &n);
    std::map<std::string, Error> by_user;
    for (size_t i = 0; i < n; ++i) {
        const char* user = rd_kafka_AlterUserScramCredentials_result_response_user(responses[i]);
        by_user[user ? user : ""] =
            scram_error(rd_kafka_AlterUserScramCredentials_result_response_error(responses[i]));
    }
    std::vector<ItemResult> out;
    out.reserve(users.size());
    for (const auto& u : users) {
        auto it = by_user.find(u);
        out.push_back({u, it != by_user.end()
                              ? it->second
                              : Error{ErrorCode::unknown, "no result from the broker"}});
    }
    return out;
}

void add_user(std::vector<std::string>& users, const std::string& user) {
    if (std::find(users.begin(), users.end(), user) == users.end()) users.push_back(user);
}

}  // namespace

std::vector<ItemResult> AdminImpl::upsert_scram_credentials(
    const std::vector<ScramUpsertion>& upsertions, Duration timeout) {
    if (upsertions.empty()) return {};
    const char* what = "upsert SCRAM credentials";
    std::vector<AlterationPtr> alterations;
    std::vector<std::string> users;
    for (const auto& u : upsertions) {
        check_user(u.user, u.mechanism, what);
        if (u.password.empty()) refuse("user '" + u.user + "': the password is empty", what);
        const auto* password = reinterpret_cast<const unsigned char*>(u.password.data());
        const auto* salt =
            u.salt.empty() ? nullptr : reinterpret_cast<const unsigned char*>(u.salt.data());
        alterations.emplace_back(rd_kafka_UserScramCredentialUpsertion_new(
            u.user.c_str(), rd_mechanism(u.mechanism), u.iterations, password, u.password.size(),
            salt, u.salt.size()));
        add_user(users, u.user);
    }
    return alter_scram(*this, std::move(alterations), users, timeout, what);
}

std::vector<ItemResult> AdminImpl::delete_scram_credentials(
    const std::vector<ScramDeletion>& deletions, Duration timeout) {
    if (deletions.empty()) return {};
    const char* what = "delete SCRAM credentials";
    std::vector<AlterationPtr> alterations;
    std::vector<std::string> users;
    for (const auto& d : deletions) {
        check_user(d.user, d.mechanism, what);
        alterations.emplace_back(
            rd_kafka_UserScramCredentialDeletion_new(d.user.c_str(), rd_mechanism(d.mechanism)));
        add_user(users, d.user);
    }
    return alter_scram(*this, std::move(alterations), users, timeout, what);
}

}  // namespace detail
}  // namespace kfk
