// A consumer's group membership as of now (group id, generation, member id), as a transaction
// needs it to commit consumed offsets atomically with produced records.
#pragma once

#include <memory>
#include <string>

namespace kfk {

class GroupMetadata {
  public:
    GroupMetadata();
    ~GroupMetadata();
    GroupMetadata(GroupMetadata&&) noexcept;
    GroupMetadata& operator=(GroupMetadata&&) noexcept;

    std::string group_id() const;

    struct Impl;
    explicit GroupMetadata(std::unique_ptr<Impl> impl);
    const Impl* impl() const noexcept { return impl_.get(); }

  private:
    std::unique_ptr<Impl> impl_;
};

}  // namespace kfk
