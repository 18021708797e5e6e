#include "commands/acl_common.hpp"

#include <algorithm>
#include <cstdio>
#include <thread>

#include "core/args.hpp"
#include "kfk/exceptions.hpp"

namespace kfk::cli {

void add_acl_filter_options(CLI::App* sub, AclFilterArgs& a, bool operations) {
    const char* res = "Resource (at most one)";
    sub->add_option("--principal", a.principal, "Only bindings of this principal (User:alice)");
    sub->add_option("--host", a.host, "Only bindings for this host (\"*\" is the any-host one)");
    sub->add_option("--topic", a.topic, "Bindings on this topic")->group(res);
    sub->add_option("--group", a.group, "Bindings on this consumer group")->group(res);
    sub->add_option("--transactional-id", a.transactional_id, "Bindings on this transactional id")
        ->group(res);
    sub->add_flag("--cluster", a.cluster, "Bindings on the cluster (kafka-cluster)")->group(res);
    sub->add_flag("--prefixed", a.prefixed,
                  "Prefixed bindings (of the name given; without one, every prefixed binding)")
        ->group(res);
    sub->add_flag("--match", a.match,
                  "Every binding that applies to the resource named: literal, \"*\" and "
                  "prefixes of it")
        ->group(res);
    if (operations) {
        sub->add_option("--operation", a.operations,
                        "Only these operations (Read, Write, Describe, ...; repeatable)")
            ->delimiter(',');
        sub->add_flag("--allow", a.allow, "Only ALLOW bindings");
        sub->add_flag("--deny", a.deny, "Only DENY bindings");
    }
}

std::string acl_error_text(const kfk::Error& error, std::string_view action,
                           std::string_view needs) {
    switch (error.code()) {
        case kfk::ErrorCode::cluster_authorization_failed:
            // The broker's own message is a dump of its request object.
            return std::string{action} + ": not authorized (" + std::string{error.name()} +
                   "): this needs " + std::string{needs} +
                   " on the CLUSTER resource kafka-cluster for the principal kfk "
                   "authenticates as";
        case kfk::ErrorCode::security_disabled:
            return std::string{action} + ": " + error.to_string() +
                   " (the broker has no authorizer: set authorizer.class.name)";
        default:
            return std::string{action} + ": " + error.to_string();
    }
}

Json acl_outcome_json(const kfk::AclBinding& binding, std::string_view status,
                      const kfk::Error& error) {
    Json j = acl_json(binding);
    j["status"] = std::string{status};
    j["error"] = error_json(error);
    return j;
}

std::vector<kfk::AclBinding> acls_of(kfk::Admin& admin, const std::vector<std::string>& principals,
                                     std::chrono::milliseconds timeout) {
    std::vector<kfk::AclBinding> out;
    for (const auto& p : principals) {
        kfk::AclBindingFilter f;
        f.principal = p;
        auto found = admin.describe_acls(f, timeout);
        out.insert(out.end(), found.begin(), found.end());
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

bool wait_for_acls(kfk::Admin& admin, const std::vector<kfk::AclBinding>& bindings, bool present,
                   std::chrono::milliseconds timeout) {
    if (bindings.empty()) return true;
    std::vector<std::string> principals;
    for (const auto& b : bindings) principals.push_back(b.principal);
    std::sort(principals.begin(), principals.end());
    principals.erase(std::unique(principals.begin(), principals.end()), principals.end());
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) break;
        try {
            const auto now =
                acls_of(admin, principals, std::min(left, std::chrono::milliseconds{5000}));
            const bool done = std::all_of(bindings.begin(), bindings.end(), [&](const auto& b) {
                return std::binary_search(now.begin(), now.end(), b) == present;
            });
            if (done) return true;
        } catch (const kfk::Exception&) {
            // Not answered this time: ask again until the deadline.
        }
        std::this_thread::sleep_for(std::chrono::milliseconds{100});
    }
    std::fprintf(stderr, "kfk: warning: %s; the change may take a moment to apply\n",
                 present ? "the broker did not list the new ACLs within the timeout"
                         : "the broker still listed the deleted ACLs at the timeout");
    return false;
}

}  // namespace kfk::cli
