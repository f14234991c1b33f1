#pragma once
#include "project/Project.h"
#include <QUndoCommand>

namespace sonde {

class AddModelCommand : public QUndoCommand {
public:
    AddModelCommand(Project* project, const ModelRef& model);
    void redo() override;
    void undo() override;

private:
    Project* m_project;
    ModelRef m_model;
};

} // namespace sonde
