#include "DemoProject.h"

#include "project/Project.h"
#include "util/DataPaths.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

// The resources live in a static library: without an explicit init the linker
// may drop them. Must be called outside any namespace.
static void initSondeResources()
{
    Q_INIT_RESOURCE(sonde);
}

namespace sonde {

QString loadDemoProject(Project& project)
{
    initSondeResources();
    // The demo project names its model by a placeholder: the model lives in
    // share/sonde/models, wherever Sonde is installed (tools/train-demo-model.sh).
    QFile f(QStringLiteral(":/demo/demo.sonde"));
    f.open(QIODevice::ReadOnly);
    QByteArray bytes = f.readAll();
    const QString model = dataPath(QStringLiteral("models/sonde-demo-lm"));
    const QByteArray quoted = QJsonDocument(QJsonArray{model}).toJson(QJsonDocument::Compact); // ["…"], JSON-escaped
    bytes.replace("\"$SONDE_DEMO_MODEL\"", quoted.mid(1, quoted.size() - 2));
    loadProjectBytes(project, bytes, QStringLiteral("built-in demo project"));
    return model;
}

} // namespace sonde
