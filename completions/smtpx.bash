# bash completion for smtpx
_smtpx() {
    local cur=${COMP_WORDS[COMP_CWORD]}
    local cmds="explain mail stats compare list search kb check path"
    local opts="--json --long --fields --ndjson --why --after --redact --merge --since --until --top --no-progress --color --width --kb --no-user-kb --lang --enhanced --all --version --help"
    case ${COMP_WORDS[COMP_CWORD-1]} in
        --color) COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return ;;
        --lang) COMPREPLY=($(compgen -W "en zh" -- "$cur")); return ;;
        --kb) COMPREPLY=($(compgen -d -- "$cur")); return ;;
        --merge) COMPREPLY=($(compgen -f -- "$cur")); return ;;
    esac
    if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W "$opts" -- "$cur")); else COMPREPLY=($(compgen -W "$cmds" -- "$cur")); fi
}
complete -F _smtpx smtpx
