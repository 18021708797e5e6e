// A consumer's group membership as of now (group id, generation, member id), as a transaction
// needs it to commit consumed offsets atomically with produced records.
#pragma once

#include <memory>
#include <string>

namespace kfk {
namespace detail {
struct GroupMetadataAccess;  // how consumer and producer make and read it (sdk/src/core)
}

class GroupMetadata {
  public:
    GroupMetadata();
    ~GroupMetadata();
    GroupMetadata(GroupMetadata&&) noexcept;
    GroupMetadata& operator=(GroupMetadata&&) noexcept;

    std::string group_id() const;

  private:
    friend struct detail::GroupMetadataAccess;
    struct Impl;
    explicit GroupMetadata(std::unique_ptr<Impl> impl);

    std::unique_ptr<Impl> impl_;
};

}  // namespace kfk
