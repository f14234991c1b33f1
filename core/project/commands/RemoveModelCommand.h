#pragma once
#include "project/Project.h"
#include <QUndoCommand>

namespace sonde {

class RemoveModelCommand : public QUndoCommand {
public:
    RemoveModelCommand(Project* project, const QString& modelId);
    void redo() override;
    void undo() override;

private:
    Project* m_project;
    QString m_id;
    ModelRef m_removed;
    int m_index = 0; // restored at the same row on undo
};

} // namespace sonde
