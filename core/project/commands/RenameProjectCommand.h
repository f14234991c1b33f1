#pragma once
#include "project/Project.h"
#include <QUndoCommand>

namespace sonde {

class RenameProjectCommand : public QUndoCommand {
public:
    RenameProjectCommand(Project* project, const QString& name);
    void redo() override;
    void undo() override;

private:
    Project* m_project;
    QString m_old;
    QString m_new;
};

} // namespace sonde
