// backends: ladybug
// expect: UNINSTALL deletes an installed extension
// ladybug-stage: screen
UNINSTALL json
