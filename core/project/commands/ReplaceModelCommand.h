#pragma once
#include "project/Project.h"
#include <QUndoCommand>

namespace sonde {

// Replaces what the project records of a model (same id): a new fingerprint
// after its weights changed, a moved folder.
class ReplaceModelCommand : public QUndoCommand {
public:
    ReplaceModelCommand(Project* project, const ModelRef& model);
    void redo() override;
    void undo() override;

private:
    Project* m_project;
    ModelRef m_old;
    ModelRef m_new;
};

} // namespace sonde
