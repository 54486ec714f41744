"""Solutions to notebooks/exercises.ipynb, one cell source per exercise.

tests/test_exercises_notebook.py puts each source into the blank notebook's cell tagged
"solution" that defines the same function, runs the result, and expects every check
to pass. Kept here, not in notebooks/, so learners opening the notebook do not see them.
"""

SOLUTIONS = {
    "initialize_parameters_zeros": '''\
def initialize_parameters_zeros(layers_dims):
    """Every W and b of the network as zeros: W<l> is (layers_dims[l], layers_dims[l-1])."""
    parameters = {}
    L = len(layers_dims)
    for l in range(1, L):
        parameters["W" + str(l)] = np.zeros((layers_dims[l], layers_dims[l - 1]))
        parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))
    return parameters
''',
    "initialize_parameters_random": '''\
def initialize_parameters_random(layers_dims):
    """Large random weights (standard normal times 10, seed 3), zero biases."""
    np.random.seed(3)
    parameters = {}
    L = len(layers_dims)
    for l in range(1, L):
        parameters["W" + str(l)] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * 10
        parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))
    return parameters
''',
    "initialize_parameters_he": '''\
def initialize_parameters_he(layers_dims):
    """He weights (standard normal times sqrt(2 / n_prev), seed 3), zero biases."""
    np.random.seed(3)
    parameters = {}
    L = len(layers_dims)
    for l in range(1, L):
        scale = np.sqrt(2 / layers_dims[l - 1])
        parameters["W" + str(l)] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * scale
        parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))
    return parameters
''',
}
