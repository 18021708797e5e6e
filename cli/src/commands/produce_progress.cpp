#include "commands/produce_progress.hpp"

#include <cstdio>

namespace kfk::cli {

void Progress::tick(const DeliveryStats& s, std::uint64_t sent) {
    if (!enabled_ || (++calls_ & 1023) != 0) return;
    const auto now = Clock::now();
    if (now - last_ < std::chrono::milliseconds{500}) return;
    last_ = now;
    const double secs = std::chrono::duration<double>(now - start_).count();
    std::fprintf(stderr, "\r\033[K%llu sent, %llu acknowledged (%.0f records/s)",
                 static_cast<unsigned long long>(sent),
                 static_cast<unsigned long long>(s.acked.load()), sent / secs);
    shown_ = true;
}

void Progress::clear() {
    if (shown_) std::fprintf(stderr, "\r\033[K");
    shown_ = false;
}

}  // namespace kfk::cli
