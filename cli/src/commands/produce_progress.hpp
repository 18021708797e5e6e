// kfk produce's progress line: "\r<sent>, <acknowledged> (<rate>)" on a terminal's stderr, at
// most twice a second.
#pragma once

#include <chrono>
#include <cstdint>

#include "commands/produce_delivery.hpp"

namespace kfk::cli {

class Progress {
  public:
    explicit Progress(bool enabled) : enabled_(enabled), start_(Clock::now()), last_(start_) {}

    void tick(const DeliveryStats& s, std::uint64_t sent);
    // Erases the line, if one was shown.
    void clear();
    double elapsed() const { return std::chrono::duration<double>(Clock::now() - start_).count(); }

  private:
    using Clock = std::chrono::steady_clock;
    bool enabled_;
    Clock::time_point start_, last_;
    std::uint64_t calls_ = 0;
    bool shown_ = false;
};

}  // namespace kfk::cli
