fn main() {
    std::process::exit(despin::cli::main());
}
