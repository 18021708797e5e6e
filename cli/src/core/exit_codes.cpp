#include "core/exit_codes.hpp"

#include <algorithm>

namespace kfk::cli {

ExitCode exit_code_for(kfk::ErrorCode code) noexcept {
    using E = kfk::ErrorCode;
    switch (code) {
        case E::no_error:
            return ExitCode::ok;
        case E::unknown_topic_or_partition:
        case E::unknown_topic:
        case E::unknown_partition:
        case E::unknown_topic_id:
        case E::group_id_not_found:
        case E::resource_not_found:  // e.g. a SCRAM credential
            return ExitCode::not_found;
        case E::topic_already_exists:
            return ExitCode::already_exists;
        case E::transport:
        case E::resolve:
        case E::all_brokers_down:
        case E::timed_out:
        case E::message_timed_out:
        case E::request_timed_out:
        case E::coordinator_not_available:
            return ExitCode::unreachable;
        case E::authentication:
        case E::sasl_authentication_failed:
        case E::ssl:
        case E::topic_authorization_failed:
        case E::group_authorization_failed:
        case E::cluster_authorization_failed:
        case E::transactional_id_authorization_failed:
            return ExitCode::auth;
        default:
            return ExitCode::usage;
    }
}

ExitCode exit_code_for(const kfk::Error& error) noexcept {
    return exit_code_for(error.code());
}

ExitCode combine(std::size_t items, const std::vector<ExitCode>& failures) noexcept {
    if (failures.empty()) return ExitCode::ok;
    const bool all_failed = failures.size() >= items;
    const bool same = std::all_of(failures.begin(), failures.end(),
                                  [&](ExitCode c) { return c == failures.front(); });
    return all_failed && same ? failures.front() : ExitCode::partial;
}

}  // namespace kfk::cli
