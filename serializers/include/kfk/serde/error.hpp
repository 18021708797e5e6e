// kfk/serde/error.hpp - decode results and encode errors.
#pragma once

#include <concepts>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>

namespace kfk::serde {

// Why a payload did not decode. The message is meant for humans (logs, error callbacks).
struct DecodeError {
    std::string message;
};

// Thrown by serialize() when a value cannot be encoded at all (e.g. NaN in JSON, invalid
// UTF-8 rejected by nlohmann::json, unbalanced write_json()). Integers, strings and byte
// containers never throw; decoding never throws this.
class SerializeError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

namespace detail {

[[noreturn]] inline void bad_decoded_access(const char* what, const char* why = nullptr) noexcept {
    // Reading the wrong side of a Decoded is a programming error, not a data error:
    // fail loudly instead of returning garbage or throwing on the decode path.
    std::fprintf(stderr, "%s%s%s\n", what, why ? ": " : "", why ? why : "");
    std::abort();
}

// Human-readable name of T for error messages ("int", "Order", ...).
template <class T>
constexpr std::string_view type_name() noexcept {
#if defined(__clang__) || defined(__GNUC__)
    constexpr std::string_view f = __PRETTY_FUNCTION__;
    // GCC: "... type_name() [with T = Order; ...]"  Clang: "... type_name() [T = Order]"
    constexpr auto start = f.find("T = ");
    if constexpr (start == std::string_view::npos) {
        return "T";
    } else {
        constexpr auto semi = f.find(';', start);
        constexpr auto end = semi != std::string_view::npos ? semi : f.rfind(']');
        return f.substr(start + 4, end - start - 4);
    }
#else
    return "T";
#endif
}

}  // namespace detail

// The result of Serde<T>::deserialize: a T, or a DecodeError saying why not.
// (C++20 has no std::expected.) Accessing value() on a failure, or error() on a success,
// is a precondition violation and aborts with a message.
template <class T>
class [[nodiscard]] Decoded {
    static_assert(!std::is_same_v<std::remove_cv_t<T>, DecodeError>,
                  "Decoded<DecodeError> is ambiguous");
    static_assert(!std::is_reference_v<T>, "Decoded<T&> is not supported");

  public:
    using value_type = T;

    Decoded(const T& v) requires std::copy_constructible<T>  // NOLINT: implicit by design
        : state_(std::in_place_index<0>, v) {}
    Decoded(T&& v)  // NOLINT: implicit so `return value;` works
        : state_(std::in_place_index<0>, std::move(v)) {}
    Decoded(DecodeError e)  // NOLINT: implicit so `return DecodeError{...};` works
        : state_(std::in_place_index<1>, std::move(e)) {}
    template <class... Args>
    explicit Decoded(std::in_place_t, Args&&... args)
        : state_(std::in_place_index<0>, std::forward<Args>(args)...) {}

    [[nodiscard]] static Decoded failure(std::string message) {
        return Decoded(DecodeError{std::move(message)});
    }

    [[nodiscard]] bool ok() const noexcept { return state_.index() == 0; }
    explicit operator bool() const noexcept { return ok(); }

    // std::get cannot throw here: check_value() has already aborted on a failure.
    [[nodiscard]] T& value() & {
        check_value();
        return std::get<0>(state_);
    }
    [[nodiscard]] const T& value() const& {
        check_value();
        return std::get<0>(state_);
    }
    [[nodiscard]] T&& value() && { return take(); }
    // Moves the value out (the Decoded keeps a moved-from T).
    [[nodiscard]] T&& take() {
        check_value();
        return std::move(std::get<0>(state_));
    }

    template <class U>
    [[nodiscard]] T value_or(U&& fallback) const& {
        return ok() ? std::get<0>(state_) : static_cast<T>(std::forward<U>(fallback));
    }

    [[nodiscard]] T& operator*() & { return value(); }
    [[nodiscard]] const T& operator*() const& { return value(); }
    [[nodiscard]] T* operator->() { return &value(); }
    [[nodiscard]] const T* operator->() const { return &value(); }

    [[nodiscard]] const DecodeError& error() const& {
        if (ok()) detail::bad_decoded_access("kfk::serde::Decoded::error() called on a success");
        return std::get<1>(state_);
    }

  private:
    void check_value() const noexcept {
        if (!ok()) {
            detail::bad_decoded_access("kfk::serde::Decoded::value() called on a failure",
                                       std::get<1>(state_).message.c_str());
        }
    }

    std::variant<T, DecodeError> state_;
};

}  // namespace kfk::serde
