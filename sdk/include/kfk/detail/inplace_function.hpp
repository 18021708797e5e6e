// A move-only std::function with inline storage, so per-record delivery callbacks whose
// captures fit (Capacity bytes) never touch the heap; larger callables fall back to it.
#pragma once

#include <cstddef>
#include <new>
#include <type_traits>
#include <utility>

namespace kfk::detail {

template <class Signature, std::size_t Capacity = 64>
class InplaceFunction;

template <class R, class... Args, std::size_t Capacity>
class InplaceFunction<R(Args...), Capacity> {
  public:
    InplaceFunction() noexcept = default;

    template <class F, class D = std::decay_t<F>,
              class = std::enable_if_t<!std::is_same_v<D, InplaceFunction> &&
                                       std::is_invocable_r_v<R, D&, Args...>>>
    InplaceFunction(F&& f) {  // NOLINT: implicit like std::function
        if constexpr (fits<D>) {
            ::new (static_cast<void*>(&storage_)) D(std::forward<F>(f));
            ops_ = &inline_ops<D>;
        } else {
            ::new (static_cast<void*>(&storage_)) D*(new D(std::forward<F>(f)));
            ops_ = &heap_ops<D>;
        }
    }

    InplaceFunction(InplaceFunction&& other) noexcept : ops_(other.ops_) {
        if (ops_) {
            ops_->move(&other.storage_, &storage_);
            other.ops_ = nullptr;
        }
    }
    InplaceFunction& operator=(InplaceFunction&& other) noexcept {
        if (this != &other) {
            reset();
            ops_ = other.ops_;
            if (ops_) {
                ops_->move(&other.storage_, &storage_);
                other.ops_ = nullptr;
            }
        }
        return *this;
    }
    InplaceFunction(const InplaceFunction&) = delete;
    InplaceFunction& operator=(const InplaceFunction&) = delete;
    ~InplaceFunction() { reset(); }

    void reset() noexcept {
        if (ops_) {
            ops_->destroy(&storage_);
            ops_ = nullptr;
        }
    }
    explicit operator bool() const noexcept { return ops_ != nullptr; }
    R operator()(Args... args) { return ops_->invoke(&storage_, std::forward<Args>(args)...); }

    template <class F>
    static constexpr bool fits =
        sizeof(F) <= Capacity &&
        alignof(F) <= alignof(std::max_align_t) && std::is_nothrow_move_constructible_v<F>;

  private:
    struct Ops {
        R (*invoke)(void*, Args&&...);
        void (*move)(void* from, void* to) noexcept;
        void (*destroy)(void*) noexcept;
    };
    template <class D>
    static constexpr Ops inline_ops{
        [](void* s, Args&&... a) -> R { return (*static_cast<D*>(s))(std::forward<Args>(a)...); },
        [](void* from, void* to) noexcept {
            ::new (to) D(std::move(*static_cast<D*>(from)));
            static_cast<D*>(from)->~D();
        },
        [](void* s) noexcept { static_cast<D*>(s)->~D(); }};
    template <class D>
    static constexpr Ops heap_ops{
        [](void* s, Args&&... a) -> R { return (**static_cast<D**>(s))(std::forward<Args>(a)...); },
        [](void* from, void* to) noexcept { ::new (to) D*(*static_cast<D**>(from)); },
        [](void* s) noexcept { delete *static_cast<D**>(s); }};

    alignas(std::max_align_t) std::byte storage_[Capacity];
    const Ops* ops_ = nullptr;
};

}  // namespace kfk::detail
