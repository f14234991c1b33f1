#pragma once
// A workspace's notes, kept in the project: typing pushes (merging) undo
// commands; undo or a reopened project updates the text.
#include "workspace/WorkspaceContext.h"

#include <QPlainTextEdit>

namespace sonde {

class NotesEditor : public QPlainTextEdit {
    Q_OBJECT
public:
    // The notes of section `key` of the context's project.
    NotesEditor(const WorkspaceContext& context, const QString& key, QWidget* parent = nullptr);

protected:
    void insertFromMimeData(const QMimeData* source) override;

private:
    void syncFromProject();
    void setWrapping(bool anywhere);
    WorkspaceContext m_context;
    QString m_key;
    bool m_syncing = false;
};

} // namespace sonde
