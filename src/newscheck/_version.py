"""The version of newscheck, in a module of its own so that any module can
import it without importing the package (and the pipeline) first."""

__version__ = "0.1.0"
