#pragma once
// The ids of undo commands that merge with the one before them (QUndoCommand::id),
// kept in one enum so two kinds of change can never share an id by accident.
namespace sonde {

enum class MergeId : int {
    None = -1,  // never merges
    Notes = 1,  // a burst of typing in one workspace's notes is one undo step
};

} // namespace sonde
