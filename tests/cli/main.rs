mod history;
mod status;
