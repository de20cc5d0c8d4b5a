@echo off
rem Runs the umt command-line tool built by "mvn -B -q install -DskipTests" (umt-cli\target\umt).
setlocal
set "UMT_JAR=%~dp0umt-cli\target\umt\umt-cli.jar"
if not exist "%UMT_JAR%" (
  echo umt: %UMT_JAR% is missing: build it first with "mvn -B -q install -DskipTests" 1>&2
  exit /b 2
)
set "UMT_JAVA=java"
if defined JAVA_HOME set "UMT_JAVA=%JAVA_HOME%\bin\java"
"%UMT_JAVA%" %UMT_JAVA_OPTS% -jar "%UMT_JAR%" %*
exit /b %ERRORLEVEL%
