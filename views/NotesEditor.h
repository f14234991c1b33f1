#pragma once
// A workspace's notes, kept in the project: typing pushes (merging) undo
// commands; undo or a reopened project updates the text.
#include "project/Project.h"

#include <QPlainTextEdit>

class QUndoStack;

namespace sonde {

class NotesEditor : public QPlainTextEdit {
    Q_OBJECT
public:
    NotesEditor(Workspace workspace, Project* project, QUndoStack* undoStack, QWidget* parent = nullptr);

protected:
    void insertFromMimeData(const QMimeData* source) override;

private:
    void syncFromProject();
    void setWrapping(bool anywhere);
    Workspace m_workspace;
    Project* m_project;
    QUndoStack* m_undoStack;
    bool m_syncing = false;
};

} // namespace sonde
