# ActorRpc node image. Build: docker build -t actorrpc-node .   (docker-compose.yml builds it for its three nodes)
#
# Stage 1 collects the project files only, so that the restore layer below is reused until a project file or
# the central package versions change; new projects (src/Cluster, ...) are picked up without editing this file.
# Plain Dockerfile syntax (no RUN --mount, no heredocs): the classic builder of docker-compose 1.x builds it too.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS projects
WORKDIR /repo
COPY . .
RUN find . -type f ! -name '*.csproj' ! -name 'Directory.*.props' ! -name 'Directory.*.targets' \
        ! -iname 'nuget.config' ! -name 'global.json' -delete

# Stage 2: restore, then publish the node. The working directory must not be called "src": Directory.Build.props
# turns on warnings-as-errors and XML documentation for every project whose path contains "/src/".
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
# Node.js and npm: the build compiles the web console's TypeScript (src/Gateways/Http/WebConsole).
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm && rm -rf /var/lib/apt/lists/*
WORKDIR /repo
COPY --from=projects /repo .
RUN dotnet restore src/Node/ActorRpc.Node.csproj
COPY . .
# The sample plugin is a project reference of the node, so it is built into this output; hocon/actorrpc.conf is
# embedded in ActorRpc.Node.dll as the built-in defaults. No apphost: the entry point runs the dll with `dotnet`.
RUN dotnet publish src/Node/ActorRpc.Node.csproj -c Release --no-restore -p:UseAppHost=false -o /out

# Stage 3: the runtime. ASP.NET Core runtime (the HTTP IPC gateway runs on Kestrel); the .NET 10 images are
# Ubuntu 24.04, which has bash (compose's health check uses its /dev/tcp, as the image has no curl or wget).
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
# The node chooses its own listening addresses (actorrpc.ipc.*); drop the image's default Kestrel port 8080.
ENV ASPNETCORE_HTTP_PORTS=
COPY --from=build /out .
# hocon/actorrpc.conf (identical to the built-in defaults) and hocon/compose/node.conf for docker-compose.yml.
COPY hocon ./hocon
# Bots and plugin assemblies live under /data (hocon/compose/node.conf), a named volume per node in compose. Created
# here and owned by the image's non-root user: a new named volume is filled from it, owner included.
RUN mkdir -p /data/config /data/plugins && chown -R "$APP_UID:$APP_UID" /data
# HTTP IPC (when enabled) and the TCP RPC endpoint, at their default ports.
EXPOSE 1242 5000
# The non-root "app" user (uid 1654) that the .NET images define.
USER $APP_UID
# No HEALTHCHECK here: the HTTP IPC server (and so /HealthCheck) is off by default; docker-compose.yml turns it on
# and defines the health check.
ENTRYPOINT ["dotnet", "ActorRpc.Node.dll"]
